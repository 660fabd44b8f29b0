check --hs 8710.00 --exporter RU --importer IR --date 2026-01 --standing S/RES/9999(2030)=void
