"""Racing calls in threads, for the workflows whose rules must hold under concurrency."""

import threading

from django.db import connection, connections


def race(*calls):
    """Run each call in its own thread, with its own database connection, released together;
    return what each returned or raised."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            connection.ensure_connection()  # connected before the start, so they really race
            barrier.wait(timeout=20)
            outcomes[index] = call()
        except Exception as error:  # the outcome, whatever it is, is what the test looks at
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a thread is stuck"
    return outcomes
