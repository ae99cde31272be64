-- the bare app's own schema, migrated by Spring Boot's Flyway (StarterWithAppFlywayTest)
create table app_orders (id integer primary key, item varchar(100) not null);
