FROM python:3.11-slim

# PYTHONPATH: the code in /app (next to templates/ and static/) is imported, never the copy
# that `pip install .` leaves in site-packages, whichever command starts (gunicorn, celery).
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PYTHONPATH=/app
WORKDIR /app

# WeasyPrint (letters, sign-in sheets, reports) renders with Pango; the PDFs use DejaVu fonts.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 1000 app
COPY pyproject.toml README.md constraints.txt ./
COPY config config
COPY rotation rotation
COPY accounts accounts
COPY audit audit
COPY partners partners
COPY teaching teaching
COPY assessments assessments
COPY reports reports
COPY privacy privacy
RUN pip install -c constraints.txt .
COPY manage.py ./
COPY templates templates
COPY static static
RUN DEBUG=false SECRET_KEY=collectstatic-only ALLOWED_HOSTS=localhost CACHE_URL=redis://unused \
    python manage.py collectstatic --noinput \
    && mkdir -p /data/media && chown -R app /data

USER app
EXPOSE 8000
# Workers: WEB_CONCURRENCY (gunicorn reads it). Requests are logged by the app (config/logging.py).
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000"]
