//! The real `tipline` binary as a child process, for what an in-process
//! server cannot show: its output, its exit, a kill in mid-flight.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The `tipline` binary with an empty environment.
pub fn tipline() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tipline"));
    command.env_clear().stdin(Stdio::null());
    command
}

/// The binary running in the background, its standard error collected.
pub struct RunningServer {
    child: Child,
    pub address: String,
    log: Arc<Mutex<String>>,
}

impl RunningServer {
    /// Starts the binary in `dir` with `environment` and nothing else.
    pub fn start(environment: &HashMap<String, String>, dir: &std::path::Path) -> RunningServer {
        let mut child = tipline()
            .current_dir(dir)
            // The listening address is read from the JSON log line.
            .env("TIPLINE_LOG_FORMAT", "json")
            .envs(environment)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary runs");
        let log = Arc::new(Mutex::new(String::new()));
        let (address_tx, address_rx) = std::sync::mpsc::channel();
        let stdout = child.stdout.take().unwrap();
        let collected = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let mut log = collected.lock().unwrap();
                log.push_str(&line);
                log.push('\n');
            }
        });
        let stderr = child.stderr.take().unwrap();
        let collected = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if line.contains("tipline is listening")
                    && let Some(address) = json_field(&line, "address")
                {
                    let _ = address_tx.send(address);
                }
                collected.lock().unwrap().push_str(&line);
                collected.lock().unwrap().push('\n');
            }
        });
        let address = match address_rx.recv_timeout(Duration::from_secs(60)) {
            Ok(address) => address,
            Err(_) => {
                let _ = child.kill();
                panic!("the server did not start: {}", log.lock().unwrap());
            }
        };
        RunningServer {
            child,
            address,
            log,
        }
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Kills the process with SIGKILL, as a power cut or the OOM killer would.
    pub fn kill(mut self) -> String {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
        std::thread::sleep(Duration::from_millis(200));
        self.log.lock().unwrap().clone()
    }

    /// What the server has printed, once it contains `needle` (at most 20 s).
    pub fn output_with(&self, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let output = self.log.lock().unwrap().clone();
            if output.contains(needle) {
                return output;
            }
            assert!(Instant::now() < deadline, "`{needle}` never came: {output}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Sends SIGTERM and waits for the process to end by itself.
    pub fn terminate(mut self) -> (ExitStatus, String) {
        let pid = self.child.id().to_string();
        assert!(
            Command::new("kill")
                .args(["-TERM", &pid])
                .status()
                .unwrap()
                .success()
        );
        let deadline = Instant::now() + Duration::from_secs(30);
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("the server ignored SIGTERM");
            }
            std::thread::sleep(Duration::from_millis(50));
        };
        std::thread::sleep(Duration::from_millis(200));
        let log = self.log.lock().unwrap().clone();
        (status, log)
    }
}

/// `"name":"value"` in a JSON log line.
fn json_field(line: &str, name: &str) -> Option<String> {
    let start = line.find(&format!("\"{name}\":\""))? + name.len() + 4;
    Some(line[start..].split('"').next()?.to_owned())
}
