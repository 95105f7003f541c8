from django_tasks import task


@task()
def deliver_webhook(delivery_id: int) -> None:
    from screenroom.webhooks.delivery import webhook_deliver

    webhook_deliver(delivery_id=delivery_id)


@task()
def retry_due_webhooks() -> int:
    """Enqueue every delivery whose next attempt is due (run every 30 s by `run_periodic`).

    A delivery enqueued twice is sent once: `webhook_deliver` claims the row before posting.
    """
    from screenroom.webhooks.delivery import due_delivery_ids

    ids = due_delivery_ids()
    for pk in ids:
        deliver_webhook.enqueue(pk)
    return len(ids)
