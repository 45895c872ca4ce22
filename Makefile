.PHONY: run test setup assets

# Set up and start the site on SQLite with the report's data loaded.
run:
	scripts/run

# Set up and run the whole test suite.
test:
	scripts/test

setup:
	scripts/setup

assets:
	npm run build
