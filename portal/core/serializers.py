from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers


class PortalModelSerializer(serializers.ModelSerializer):
    """Runs the model's own ``clean()`` so the API enforces the same rules as the forms, and
    reports them as 400 with field errors."""

    def validate(self, attrs):
        attrs = super().validate(attrs)
        model = self.Meta.model
        plain = {k: v for k, v in attrs.items() if not model._meta.get_field(k).many_to_many}
        if self.instance is not None:
            candidate = model._default_manager.get(pk=self.instance.pk)
            for key, value in plain.items():
                setattr(candidate, key, value)
        else:
            candidate = model(**plain)
        try:
            candidate.clean()
        except DjangoValidationError as error:
            raise serializers.ValidationError(serializers.as_serializer_error(error)) from error
        # clean() may normalise or derive fields (codes, categories); keep what it set.
        for key in plain:
            attrs[key] = getattr(candidate, key)
        for name in getattr(self.Meta, "derived_fields", ()):
            attrs[name] = getattr(candidate, name)
        return attrs
