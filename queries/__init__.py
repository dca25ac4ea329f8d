"""Named SPARQL queries and the runner that executes them locally or remotely."""
