-- Removes everything install.sql created: the functions, the plug-in store (its plug-ins are lost),
-- the jar, and the two roles when nothing else in the cluster still uses them. Run as superuser.
\set ON_ERROR_STOP on

-- Defined functions and aggregates first (they may live in other schemas): their own drop_sql.
DO $$
DECLARE r record; s text;
BEGIN
  IF to_regclass('wasmudf.wasmudf_definitions') IS NOT NULL THEN
    FOR r IN SELECT drop_sql FROM wasmudf.wasmudf_definitions LOOP
      FOREACH s IN ARRAY pg_catalog.string_to_array(r.drop_sql, ';') LOOP
        IF pg_catalog.btrim(s) <> '' THEN
          EXECUTE s;
        END IF;
      END LOOP;
    END LOOP;
  END IF;
END
$$;

SELECT sqlj.set_classpath('wasmudf', '') WHERE EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'wasmudf');
DROP SCHEMA IF EXISTS wasmudf CASCADE;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM sqlj.jar_repository WHERE jarname = 'wasmudf') THEN
    PERFORM sqlj.remove_jar('wasmudf', false);
  END IF;
END
$$;

DO $$
DECLARE r text;
BEGIN
  FOREACH r IN ARRAY ARRAY['wasmudf_admin', 'wasmudf_user'] LOOP
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
      BEGIN
        EXECUTE format('REVOKE USAGE ON SCHEMA sqlj FROM %I', r);
        EXECUTE format('DROP ROLE %I', r);
      EXCEPTION WHEN dependent_objects_still_exist THEN
        RAISE NOTICE 'role % is still used elsewhere in the cluster; kept', r;
      END;
    END IF;
  END LOOP;
END
$$;
