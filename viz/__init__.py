"""Interactive network views of the graph."""
