--liquibase formatted sql

--changeset ben:3
CREATE TABLE invoice (id int);
--rollback DROP TABLE invoice;
