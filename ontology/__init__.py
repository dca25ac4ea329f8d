"""The legalkg ontology, SHACL shapes and vocabulary namespaces."""
