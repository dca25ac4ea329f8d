"""`legalkg bench`: what the tool costs, one module per thing measured (see `bench.run`)."""
