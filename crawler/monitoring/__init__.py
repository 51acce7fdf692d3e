"""Alerts: a crawl's health judged at spider close with Spidermon, and told to whoever must know.

``health`` holds the judgements as pure functions over the run's stats; ``monitors`` runs them as Spidermon
monitors (with Spidermon's own finish-reason monitor); ``webhook`` is the plain-webhook action. Slack,
Telegram and e-mail are Spidermon's own actions, switched on by their settings (docs/alerts.md).
"""
