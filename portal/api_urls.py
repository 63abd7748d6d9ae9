from django.urls import include, path
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from cooperation.api.urls import router as cooperation_router
from members.api.urls import router as members_router
from portal.reports.api.urls import router as reports_router
from training.api.urls import router as training_router

APPS = [
    ("members-api", "members.api.urls", members_router),
    ("cooperation-api", "cooperation.api.urls", cooperation_router),
    ("training-api", "training.api.urls", training_router),
    ("reports-api", "portal.reports.api.urls", reports_router),
]


class ApiRootView(APIView):
    """The API's entry point: a link to each list endpoint, the schema and its documentation."""

    @extend_schema(exclude=True)
    def get(self, request, format=None):
        links = {
            prefix: reverse(f"{namespace}:{basename}-list", request=request, format=format)
            for namespace, _module, router in APPS
            for prefix, _viewset, basename in router.registry
        }
        links["schema"] = reverse("api-schema", request=request)
        links["docs"] = reverse("api-docs", request=request)
        return Response(links)


urlpatterns = [
    path("", ApiRootView.as_view(), name="api-root"),
    path("auth/token/", ObtainAuthToken.as_view(), name="api-token"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    *[path("", include(module, namespace=namespace)) for namespace, module, _router in APPS],
]
