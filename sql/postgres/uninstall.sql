-- Removes everything install.sql created: the functions, the plug-in store (its plug-ins are lost),
-- the jar, and the two roles when nothing else in the cluster still uses them. Run as superuser.
\set ON_ERROR_STOP on

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
