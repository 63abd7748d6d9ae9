"""The workflows of the training app, one module per workflow. Pages, the API and the admin call
these functions; each locks the rows it checks and changes them in one transaction."""
