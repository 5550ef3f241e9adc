"""Front ends that translate a channel's protocol to `assistant.runner.Assistant` and back."""
