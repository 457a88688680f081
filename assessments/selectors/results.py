"""A learner's results once the post-assessment closes."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch

from assessments.models import Administration, Answer, Item, Response, SessionEvaluation
from rotation.models import Learner, SeminarSession


@dataclass
class TopicResult:
    topic: str
    pre_correct: int | None
    post_correct: int | None
    total: int


@dataclass
class ItemReview:
    item: Item
    correct_choice: str
    pre_choice: str
    post_choice: str
    post_is_correct: bool | None


@dataclass
class Results:
    pre: Response | None
    post: Response
    topics: list[TopicResult]
    attitudes: list[tuple[str, float | None, float | None]]
    review: list[ItemReview]


def _mean(values):
    return round(sum(values) / len(values), 2) if values else None


def results_for_learner(*, post: Administration, learner: Learner) -> Results | None:
    """The learner's own pre and post scores, per topic and subscale, with the explanations."""
    responses = {
        r.administration.kind: r
        for r in Response.objects.filter(
            administration__instrument=post.instrument, learner=learner, status="submitted"
        ).select_related("administration")
    }
    if Administration.Kind.POST not in responses:
        return None
    answers = defaultdict(dict)
    for answer in Answer.objects.filter(
        response__in=responses.values(), is_retrospective=False
    ).select_related("choice", "response__administration"):
        answers[answer.response.administration.kind][answer.item_id] = answer
    items = list(
        post.instrument.items.prefetch_related(Prefetch("choices", to_attr="choice_list")).order_by(
            "position", "pk"
        )
    )
    topics, subscales, review = {}, defaultdict(lambda: ([], [])), []
    for item in items:
        pre_answer = answers["pre"].get(item.pk)
        post_answer = answers["post"].get(item.pk)
        if item.kind == Item.Kind.KNOWLEDGE:
            name = item.topic or "General"
            result = topics.setdefault(
                name,
                TopicResult(name, 0 if "pre" in responses else None, 0, 0),
            )
            result.total += 1
            if pre_answer and pre_answer.is_correct and result.pre_correct is not None:
                result.pre_correct += 1
            if post_answer and post_answer.is_correct:
                result.post_correct += 1
            review.append(
                ItemReview(
                    item=item,
                    correct_choice=next((c.text for c in item.choice_list if c.is_correct), ""),
                    pre_choice=pre_answer.choice.text if pre_answer and pre_answer.choice else "",
                    post_choice=post_answer.choice.text
                    if post_answer and post_answer.choice
                    else "",
                    post_is_correct=post_answer.is_correct if post_answer else None,
                )
            )
        elif item.kind == Item.Kind.ATTITUDE:
            name = item.subscale or "Attitudes"
            if pre_answer:
                subscales[name][0].append(pre_answer.score)
            if post_answer:
                subscales[name][1].append(post_answer.score)
    attitudes = [(name, _mean(pre), _mean(post_)) for name, (pre, post_) in subscales.items()]
    return Results(
        pre=responses.get("pre"),
        post=responses["post"],
        topics=list(topics.values()),
        attitudes=attitudes,
        review=review,
    )


def session_evaluation_of(*, session: SeminarSession, learner: Learner):
    return SessionEvaluation.objects.filter(session=session, learner=learner).first()
