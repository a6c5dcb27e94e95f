"""A campus: enrolment, billing and notifications in one deployable app."""
