/// The S3 XML namespace.
let s3Namespace = "http://s3.amazonaws.com/doc/2006-03-01/"
