"""The app's demo ideas (ideabox/demo) as a labelled sample: the product's own register."""
from ideabox.clustering import Document
from ideabox.demo.catalog import clusters, singles


def demo_sample():
    """Return (documents, groups); a single idea is its own group."""
    ideas = [idea for group in clusters() for idea in group] + list(singles())
    docs = [Document(k, idea.title, idea.body) for k, idea in enumerate(ideas)]
    return docs, [idea.cluster or f"single-{k}" for k, idea in enumerate(ideas)]
