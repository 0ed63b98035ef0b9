#!/bin/bash
# Creates Airflow's metadata database and Archivist's archive database. The archive has two
# roles: archivist_owner owns the tables and runs the migrations; archivist, the role the
# application connects as, is a member of archivist_writer, which the migrations allow to read
# and append but never to update, delete or truncate a record (`archivist verify` checks it).
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username postgres <<SQL
CREATE ROLE airflow LOGIN PASSWORD '${AIRFLOW_DB_PASSWORD}';
CREATE DATABASE airflow OWNER airflow;
CREATE ROLE archivist_owner LOGIN PASSWORD '${ARCHIVIST_OWNER_DB_PASSWORD}';
CREATE DATABASE archivist OWNER archivist_owner;
CREATE ROLE archivist_writer NOLOGIN;
CREATE ROLE archivist LOGIN PASSWORD '${ARCHIVIST_DB_PASSWORD}' IN ROLE archivist_writer;
SQL
