import datetime


def as_of(request):
    """Carries an explicitly chosen as-of date into every link of the page."""
    value = request.GET.get("as_of", "")
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return {"as_of_query": "", "as_of_param": ""}
    return {"as_of_query": f"?as_of={value}", "as_of_param": value}
