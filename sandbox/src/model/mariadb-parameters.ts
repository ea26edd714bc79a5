/**
 * The MariaDB parameters the sandbox's DB parameter groups offer (family `mariadb<major>`): a small slice of RDS's
 * list, each one a real server variable the sandbox applies (dynamic ones with SET GLOBAL, static ones by a restart).
 * Defaults are the installed build's own, except max_connections, which RDS derives from the instance class as
 * below. sandbox/test checks every default and apply type against a running server.
 */
import type { ParameterDefault } from "./catalog.js";

export const MARIADB_PARAMETERS: Record<string, ParameterDefault> = {
  binlog_format: { value: "MIXED", applyType: "dynamic", dataType: "string", allowedValues: "ROW,STATEMENT,MIXED" },
  binlog_row_image: { value: "FULL", applyType: "dynamic", dataType: "string", allowedValues: "FULL,MINIMAL,NOBLOB" },
  // The sandbox's binlog retention (RDS keeps it in mysql.rds_set_configuration's 'binlog retention hours').
  binlog_expire_logs_seconds: { value: "0", applyType: "dynamic", dataType: "integer", allowedValues: "0-8553600" },
  event_scheduler: { value: "OFF", applyType: "dynamic", dataType: "string", allowedValues: "ON,OFF" },
  innodb_lock_wait_timeout: { value: "50", applyType: "dynamic", dataType: "integer", allowedValues: "1-1073741824" },
  innodb_log_buffer_size: {
    value: "16777216",
    applyType: "static",
    dataType: "integer",
    allowedValues: "262144-4294967295",
  },
  log_bin_trust_function_creators: { value: "0", applyType: "dynamic", dataType: "boolean", allowedValues: "0,1" },
  long_query_time: { value: "10", applyType: "dynamic", dataType: "float", allowedValues: "0-31536000" },
  max_allowed_packet: {
    value: "16777216",
    applyType: "dynamic",
    dataType: "integer",
    allowedValues: "1024-1073741824",
  },
  max_connections: {
    value: "{DBInstanceClassMemory/12582880}",
    applyType: "dynamic",
    dataType: "integer",
    allowedValues: "1-100000",
  },
  performance_schema: { value: "0", applyType: "static", dataType: "boolean", allowedValues: "0,1" },
  slow_query_log: { value: "0", applyType: "dynamic", dataType: "boolean", allowedValues: "0,1" },
  wait_timeout: { value: "28800", applyType: "dynamic", dataType: "integer", allowedValues: "1-31536000" },
};
