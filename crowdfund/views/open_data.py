"""Open data downloads: stable addresses, streamed from the database in
chunks so the files can grow without the response growing in memory."""

import json

from django.conf import settings
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from civic.spreadsheets import safe_writer

from .. import open_data as data

# Downloads change only when City Hall pledges or a campaign changes; an hour
# is fresh enough and lets a cache in front of the site absorb the load.
MAX_AGE = 60 * 60
BATCH = 200


class _Echo:
    """A file-like object whose write() hands the line back to csv.writer."""

    def write(self, value):
        return value


def _site_url() -> str:
    return settings.SITE_URL


def _cached(response):
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response


@require_safe
def open_data(request):
    return render(
        request,
        "crowdfund/open_data/index.html",
        {
            "licence_url": data.OGL_URL,
            "detail_rows": [
                (_("Grant identifiers"), f"{data.grant_prefix()}-<number>"),
                (_("Funder"), f"{data.FUNDER_NAME} ({data.funder_org_id()})"),
                (_("Recipients"), _("Charity or company number where known")),
                (_("Beneficiary location"), _("Borough, by ONS GSS code (LA)")),
                (_("Amounts"), _("Pounds sterling (GBP)")),
                (_("Standard"), f"360Giving Data Standard {data.STANDARD_VERSION}"),
            ],
        },
    )


def _json_chunks(request):
    site_url = _site_url()
    download_url = site_url + reverse("crowdfund:grants_json")
    metadata = data.package_metadata(
        site_url=site_url,
        download_url=download_url,
        access_url=site_url + reverse("crowdfund:open_data"),
        now=timezone.now(),
    )
    head = json.dumps(metadata, ensure_ascii=False, indent=1)
    # Open the object, write the metadata, then the grants one by one.
    yield head[:-2] + ',\n "grants": [\n'
    # Grants go out in batches: one chunk per grant costs more in the
    # response machinery than writing the grant.
    batch, separator = [], ""
    for grant in data.grants(site_url=site_url, data_source=download_url):
        batch.append(json.dumps(grant, ensure_ascii=False))
        if len(batch) == BATCH:
            yield separator + ",\n".join(batch)
            batch, separator = [], ",\n"
    if batch:
        yield separator + ",\n".join(batch)
    yield "\n ]\n}\n"


@require_safe
def grants_json(request):
    response = StreamingHttpResponse(
        _json_chunks(request), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = (
        'inline; filename="crowdfund-london-360giving.json"'
    )
    return _cached(response)


def _csv_response(header: list[str], rows, filename: str):
    writer = safe_writer(_Echo())

    def lines():
        yield "\ufeff" + writer.writerow(header)  # BOM: Excel reads it as UTF-8
        for row in rows:
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return _cached(response)


@require_safe
def grants_csv(request):
    site_url = _site_url()
    data_source = site_url + reverse("crowdfund:grants_csv")
    rows = (
        data.grant_csv_row(grant)
        for grant in data.grants(site_url=site_url, data_source=data_source)
    )
    return _csv_response(data.GRANT_CSV_COLUMNS, rows, "crowdfund-london-360giving.csv")


@require_safe
def campaigns_csv(request):
    return _csv_response(
        data.CAMPAIGN_CSV_COLUMNS,
        data.campaign_rows(site_url=_site_url()),
        "crowdfund-london-campaigns.csv",
    )
