from library import db


def run(sql, params=()):
    conn = db.connection()
    rows = conn.execute(sql, params).fetchall()
    conn.commit()
    return rows
