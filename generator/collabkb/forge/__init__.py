"""Where the knowledge base is hosted: GitLab merge-request notes and web-editor links for every forge."""
