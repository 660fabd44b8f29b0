screen - --no-summary --fail-on none
