check --hs 9306.30 --exporter BE --importer CF --date 2026-09 --fact end_user=armed_group
