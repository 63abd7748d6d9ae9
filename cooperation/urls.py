app_name = "cooperation"

urlpatterns = [
    # Agreements
    # Training needs
]
