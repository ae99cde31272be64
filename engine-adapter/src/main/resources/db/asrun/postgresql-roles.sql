-- The as-run record's two PostgreSQL roles (docs/security.md, "PostgreSQL: the owner role and the
-- application role"). Run once, as a superuser or the database's owner, in the app's database,
-- before the app first starts with asrun.schema.username set:
--
--   psql -d camunda -v owner=asrun_owner -v owner_password='...' \
--        -v app=asrun_app -v app_password='...' -f postgresql-roles.sql
--
-- owner: creates and upgrades the asrun_ tables, their triggers and functions, and so owns them
--   (asrun.schema.username / asrun.schema.password; the app connects as it only to migrate).
-- app: the engine's everyday user (spring.datasource.username). After each migration the owner
--   grants it SELECT and INSERT on the as-run tables, UPDATE and DELETE only where no trigger
--   refuses them (the run index; the stream heads' UPDATE), never TRUNCATE. Not owning the tables,
--   it cannot drop, disable or replace their triggers, nor alter the tables.

CREATE ROLE :"owner" LOGIN PASSWORD :'owner_password';
CREATE ROLE :"app" LOGIN PASSWORD :'app_password';

-- The owner creates the as-run tables in the schema the app uses.
GRANT USAGE, CREATE ON SCHEMA public TO :"owner";
-- The engine creates and upgrades Camunda's own tables (databaseSchemaUpdate) as the app; where a
-- DBA creates them instead, USAGE is enough.
GRANT USAGE, CREATE ON SCHEMA public TO :"app";
