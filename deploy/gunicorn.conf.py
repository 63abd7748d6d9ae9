"""Gunicorn settings for the portal's web process (`gunicorn -c deploy/gunicorn.conf.py portal.wsgi`).

Read from the environment so docker compose, systemd and the integration tests set them the same
way; see .env.example.
"""

import os

bind = f"{os.environ.get('WEB_BIND', '0.0.0.0')}:{os.environ.get('WEB_PORT', '8000')}"
# Threads serve the slow parts (uploads, file downloads) without a process each.
workers = int(os.environ.get("WEB_WORKERS", "3"))
threads = int(os.environ.get("WEB_THREADS", "4"))
timeout = int(os.environ.get("WEB_TIMEOUT", "60"))
graceful_timeout = 20
# A worker is replaced now and then, so a slow leak never grows without bound.
max_requests = 2000
max_requests_jitter = 200
# Only the proxy in front may say the request came over HTTPS (with BEHIND_TLS_PROXY=1).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# Heartbeat files in memory: a container's overlay disk can stall them under load.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# Several web processes may share a machine (or a test run); nothing here uses the control socket.
control_socket_disable = True
