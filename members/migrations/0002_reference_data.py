"""Loads GB/T 4754-2017 industry sections and the 2021 major categories with their mapping."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def _rows(name):
    with open(DATA / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def load(apps, schema_editor):
    Industry = apps.get_model("members", "Industry")
    MajorCategory = apps.get_model("members", "MajorCategory")
    industries = {}
    for row in _rows("industries.csv"):
        industries[row["code"]], _ = Industry.objects.update_or_create(
            code=row["code"], defaults={"name_zh": row["name_zh"], "name_en": row["name_en"]}
        )
    for row in _rows("major_categories.csv"):
        category, _ = MajorCategory.objects.update_or_create(
            code=row["code"], defaults={"name_zh": row["name_zh"], "name_en": row["name_en"]}
        )
        category.industries.set([industries[code] for code in row["industries"].split()])


def unload(apps, schema_editor):
    apps.get_model("members", "MajorCategory").objects.all().delete()
    apps.get_model("members", "Industry").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("members", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
