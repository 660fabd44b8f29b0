check --hs 8710.00 --exporter RU --importer IR --date 2026-01 --standing snapback-2025=in-force
