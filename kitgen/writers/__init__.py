"""Writers: each turns one document tree into one output format (DOCX, HTML, PDF)."""
