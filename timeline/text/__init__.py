"""Reading texts: their normal form, and what a quote states."""
