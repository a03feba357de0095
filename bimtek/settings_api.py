"""The API's settings (Django REST framework, drf-spectacular), read by bimtek.settings."""

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "bimtek.api.exception_handler",
    # JSON only, bounded in size and depth (bimtek/api_bodies.py): the API
    # documents JSON bodies, and a form cannot carry null or a number.
    "DEFAULT_PARSER_CLASSES": ["bimtek.api_bodies.BoundedJSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Bimtek API",
    "DESCRIPTION": "Check-in, roster and certificate verification for Bimtek events.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # One name for the check-in results, used by several fields (result, offline_result).
    "ENUM_NAME_OVERRIDES": {"ScanResultEnum": "checkin.models.checkins.ScanResult"},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "bimtek.api.schema_forbid_nul_in_requests",
    ],
}
