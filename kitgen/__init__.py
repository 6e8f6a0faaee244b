"""kitgen: compile lesson YAML into facilitator guides and student handouts."""
