audit --format xml
