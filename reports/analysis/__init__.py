"""The pure middle of the reports pipeline: `reports.selectors` reads a program's stored
responses and evaluations as rows of primitives, this package turns them into arrays
(`data.course_data`) and figures (`course.analyse`, `feedback.summarise_feedback`), and
`reports.rendering` and `reports.charts` draw them. Nothing here imports Django or touches a
database; figures come from `reports.statistics`.

By topic: `data` (rows in, arrays out, the small-cell limit), `knowledge`, `attitudes`,
`ratings` (1-5 ratings of sessions, faculty and the course), `course` (the whole course
evaluation and its summary), `feedback` (a faculty member's own feedback) and `benchmarking`
(cohorts compared across years and programs).
"""
