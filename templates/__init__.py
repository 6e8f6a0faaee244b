"""Default templates shipped inside the kitgen package (this folder is installed as kitgen.templates)."""
