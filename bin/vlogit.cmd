@echo off
rem vlogit: the command line, from any directory. Runs the jar this checkout built
rem (core\target\vlogit.jar; core\target\classes if only compiled) with the JVM flags of jvm.config.
rem JAVA_HOME picks the JDK (default: java on the PATH); VLOGIT_JAVA_OPTS adds JVM flags.
setlocal
set "ROOT=%~dp0.."
set "JAVA=java"
if defined JAVA_HOME set "JAVA=%JAVA_HOME%\bin\java"
if exist "%ROOT%\core\target\vlogit.jar" (
  "%JAVA%" "@%ROOT%\jvm.config" %VLOGIT_JAVA_OPTS% -jar "%ROOT%\core\target\vlogit.jar" %*
  exit /b %ERRORLEVEL%
)
if exist "%ROOT%\core\target\classes\io\vlogit" (
  "%JAVA%" "@%ROOT%\jvm.config" %VLOGIT_JAVA_OPTS% -cp "%ROOT%\core\target\classes" io.vlogit.cli.Main %*
  exit /b %ERRORLEVEL%
)
echo error: vlogit is not built in %ROOT%; run mvnw.cmd -q -B -DskipTests -pl core package there 1>&2
exit /b 2
