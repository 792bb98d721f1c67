"""The X-Pagination header of the API's lists: the same seven keys on every page, an empty list's and one past
the end included, so a client reads it without checking which keys came."""
from marshmallow import Schema, fields


class PaginationMetadataSchema(Schema):
    """What X-Pagination holds, as JSON (documentation: `page_metadata` writes it)."""

    total = fields.Integer(required=True, metadata={"description": "Items on every page together"})
    total_pages = fields.Integer(required=True, metadata={"description": "Pages that hold them (0 for none)"})
    first_page = fields.Integer(required=True, metadata={"description": "Always 1"})
    last_page = fields.Integer(required=True, metadata={"description": "The last page with items (1 when none)"})
    page = fields.Integer(required=True, metadata={"description": "The page asked for"})
    previous_page = fields.Integer(required=True, allow_none=True, metadata={
        "description": "The page before (the last page, when the one asked for is past it); null on the first"})
    next_page = fields.Integer(required=True, allow_none=True, metadata={
        "description": "The page after; null from the last page on"})


def page_metadata(page: int, page_size: int, item_count: int) -> dict:
    """X-Pagination for `page` of a list of `item_count` items, `page_size` to a page."""
    total_pages = -(-item_count // page_size)
    last_page = max(total_pages, 1)
    return {"total": item_count, "total_pages": total_pages, "first_page": 1, "last_page": last_page, "page": page,
            "previous_page": min(page - 1, last_page) if page > 1 else None,
            "next_page": page + 1 if page < last_page else None}
