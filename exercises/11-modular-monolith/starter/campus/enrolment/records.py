# student_id -> name, filled in as students enrol
STUDENTS = {}
