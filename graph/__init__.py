"""Build, store, resolve and export the RDF graph."""
