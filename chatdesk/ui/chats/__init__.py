"""The chat list: its model (paged, live), row painting, the find box and its search results."""
