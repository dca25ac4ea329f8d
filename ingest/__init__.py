"""Read reports and extract mentions and entities from them."""
