import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bimtek.settings")

application = get_wsgi_application()

from bimtek.staticcheck import require_collected_static  # noqa: E402  (needs the settings)

require_collected_static()
