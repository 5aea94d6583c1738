"""The MkDocs side: the ``collabkb`` plugin and the pages it generates."""
