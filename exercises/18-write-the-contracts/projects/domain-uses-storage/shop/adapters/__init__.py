"""The adapters layer: storage and delivery, built on the application's ports."""
