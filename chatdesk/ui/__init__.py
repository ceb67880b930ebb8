"""The desktop windows (Qt): one module per window, item models and widgets beside them."""
