"""`legalkg serve`: the store as a SPARQL 1.1 Protocol endpoint and a small web application."""
