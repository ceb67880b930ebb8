"""One chat as a thread: the message model, bubbles, the composer and message dialogs."""
